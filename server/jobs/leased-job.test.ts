import { describe, expect, it } from "vitest";
import { abortableSleep, JobStoppedError, leaseExpiredLocally, stopReasonFor, testPauseApplies } from "./leased-job";

describe("leased job", () => {
  it("should stop the work when a heartbeat finds the lease lost or a cancel requested", () => {
    expect(stopReasonFor("held")).toBeNull();
    expect(stopReasonFor("lost")).toBe("lost");
    expect(stopReasonFor("cancel-requested")).toBe("cancelled");
  });

  it("should give up a lease it could not renew for a whole lease time", () => {
    expect(leaseExpiredLocally(1_000, 30_999, 30_000)).toBe(false);
    expect(leaseExpiredLocally(1_000, 31_000, 30_000)).toBe(true);
  });

  it("should pause only the job kinds the test hook names, and none without a delay", () => {
    expect(testPauseApplies("transfer", 0, [])).toBe(false);
    expect(testPauseApplies("transfer", 10, [])).toBe(true);
    expect(testPauseApplies("transfer", 10, ["dataset-import"])).toBe(false);
    expect(testPauseApplies("dataset-import", 10, ["scoring", "dataset-import"])).toBe(true);
  });

  it("should end a pause as soon as the job is stopped, with the stop's reason", async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(3_600_000, controller.signal);
    controller.abort(new JobStoppedError("cancelled"));
    await expect(sleeping).rejects.toMatchObject({ name: "JobStoppedError", reason: "cancelled" });
    await expect(abortableSleep(1, new AbortController().signal)).resolves.toBeUndefined();
    await expect(abortableSleep(1, controller.signal)).rejects.toBeInstanceOf(JobStoppedError);
  });
});
