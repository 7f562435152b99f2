import type { Metadata } from "next";
import { HostView } from "../_components/host-view";

export const metadata: Metadata = { title: "Host · scopebench" };

export default function HostPage() {
  return <HostView />;
}
