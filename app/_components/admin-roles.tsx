"use client";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage } from "./format";

/** Administrators grant the host role (or take it back) and see who holds it. */
export function AdminRoles() {
  const utils = trpc.useUtils();
  const staff = trpc.user.staff.useQuery();
  const [who, setWho] = useState("");
  const setRole = trpc.user.setRole.useMutation({
    onSuccess: async () => {
      setWho("");
      await utils.user.staff.invalidate();
    },
  });
  return (
    <>
      <section className="card" data-testid="grant-host">
        <h2>Grant the host role</h2>
        <p className="muted small">
          Hosts import datasets, open challenges and can be added as co-hosts of a challenge. Also from a terminal on the server:{" "}
          <code>npm run cli -- grant-host &lt;email or name&gt;</code>.
        </p>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            setRole.mutate({ user: who, role: "host" });
          }}
        >
          <label className="inline">
            Email or name
            <input type="text" value={who} onChange={(e) => setWho(e.target.value)} required maxLength={254} data-testid="grant-host-input" />
          </label>
          <button type="submit" disabled={setRole.isPending} data-testid="grant-host-submit">
            Make host
          </button>
        </form>
        {setRole.isSuccess && (
          <div className="ok-box">
            {setRole.data.name} ({setRole.data.email}) is now {setRole.data.role === "host" ? "a host" : "a participant"}.
          </div>
        )}
        {setRole.error && <div className="error-box">{errorMessage(setRole.error)}</div>}
      </section>
      <section>
        <h2>Hosts and administrators</h2>
        {staff.error && <div className="error-box">{errorMessage(staff.error)}</div>}
        <div className="table-wrap">
          <table data-testid="staff-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {staff.data?.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{u.role}</td>
                  <td>
                    {u.role === "host" && (
                      <button type="button" className="link-button" disabled={setRole.isPending} onClick={() => setRole.mutate({ user: u.email, role: "participant" })}>
                        take back the host role
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
