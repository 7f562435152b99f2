import Link from "next/link";

export default function NotFound() {
  return (
    <div className="page-center">
      <div className="card">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <Link href="/">Back to the challenges</Link>
      </div>
    </div>
  );
}
