"use client";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";

/** The challenge's hosts, for its hosts: add a co-host by email or name, remove one. */
export function ChallengeHosts({ slug, viewerId }: { slug: string; viewerId: string }) {
  const utils = trpc.useUtils();
  const hosts = trpc.challenge.hosts.useQuery({ slug });
  const [who, setWho] = useState("");
  const onSuccess = (next: Awaited<ReturnType<typeof utils.challenge.hosts.fetch>>) => utils.challenge.hosts.setData({ slug }, next);
  const add = trpc.challenge.addHost.useMutation({
    onSuccess: (next) => {
      setWho("");
      onSuccess(next);
    },
  });
  const remove = trpc.challenge.removeHost.useMutation({ onSuccess });
  return (
    <section className="card" data-testid="challenge-hosts">
      <h2>Hosts</h2>
      <p className="muted small">
        Co-hosts can do everything you can here. They need the host role, which an administrator grants (administrators host every
        challenge and are not listed).
      </p>
      {hosts.error && <div className="error-box">{errorMessage(hosts.error)}</div>}
      <ul data-testid="host-list">
        {hosts.data?.map((h) => (
          <li key={h.id}>
            {h.name} <span className="muted small">{h.email}</span>{" "}
            <button type="button" className="link-button" disabled={remove.isPending} onClick={() => remove.mutate({ slug, userId: h.id })} data-testid="host-remove">
              {h.id === viewerId ? "leave" : "remove"}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ slug, user: who });
        }}
      >
        <label className="inline">
          Email or name
          <input type="text" value={who} onChange={(e) => setWho(e.target.value)} required maxLength={254} data-testid="host-add-input" />
        </label>
        <button type="submit" disabled={add.isPending} data-testid="host-add">
          {add.isPending ? "Adding…" : "Add as host"}
        </button>
      </form>
      {(add.error ?? remove.error) && <div className="error-box">{errorMessage(add.error ?? remove.error)}</div>}
    </section>
  );
}
