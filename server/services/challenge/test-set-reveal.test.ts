import { describe, expect, it } from "vitest";
import { revealOf } from "./test-set-reveal";

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe("revealOf", () => {
  it("should wait for the last phase of every challenge on the test set", () => {
    const reveal = revealOf(
      [
        { id: "a", slug: "a", title: "A", phases: [{ endsAt: at(10) }] },
        { id: "b", slug: "b", title: "B", phases: [{ endsAt: at(5) }, { endsAt: at(20) }] },
      ],
      at(15),
    );
    expect(reveal.revealAt).toEqual(at(20));
    expect(reveal.revealed).toBe(false);
  });

  it("should reveal once the last phase has closed", () => {
    expect(revealOf([{ id: "a", slug: "a", title: "A", phases: [{ endsAt: at(10) }] }], at(10)).revealed).toBe(true);
  });

  it("should reveal nothing when no phase uses the test set", () => {
    expect(revealOf([], at(1))).toMatchObject({ revealAt: null, revealed: false });
  });
});
