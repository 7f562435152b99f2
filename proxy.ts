// Runs before every page and API route: gives the request its id (kept from a sane incoming
// x-request-id, else new), passes it on to the route handlers in the request headers, and
// returns it in the response so a user's report can be matched to the server's logs.
import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_ID_HEADER, requestIdFrom } from "./server/api/request-id";

export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers);
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Not for static assets: they carry no logs worth matching.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
