import { describe, expect, it } from "vitest";
import { buildSandboxCommand, planSandboxRun, SANDBOX_PATHS } from "./sandbox";

const host = {
  bundle: "/work/main/node_modules/.cache/scopebench-sandbox/sandbox-model-1.mjs",
  nodeModules: "/work/main/node_modules",
  truth: "/work/main/var/blobs/truth/nuclei/truth.csv",
  submission: "/work/main/var/blobs/submissions/abc/upload",
  images: "/work/main/var/blobs/datasets/nuclei/images",
};

const modelRequest = {
  scorerId: "instance-seg",
  params: {},
  truthPath: host.truth,
  submissionPath: host.submission,
  model: {
    contract: { task: "segmentation" },
    intraOpThreads: 1,
    items: [
      { imageId: "a", paths: { image: `${host.images}/a.png` } },
      { imageId: "b", paths: { image: `${host.images}/b.png` } },
    ],
  },
};

/** The value following `flag` each time it occurs (bwrap options take their arguments in order). */
function pairs(args: string[], flag: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  args.forEach((arg, i) => {
    if (arg === flag) out.push([args[i + 1] ?? "", args[i + 2] ?? ""]);
  });
  return out;
}

describe("planSandboxRun (isolated)", () => {
  it("should rewrite every server path in the request to a fixed sandbox path", () => {
    const plan = planSandboxRun(modelRequest, { bundle: host.bundle, nodeModules: host.nodeModules }, "isolated");
    const sent = JSON.stringify(plan.request);
    expect(sent).not.toContain("/work");
    expect(sent).not.toContain("blobs");
    expect(plan.request).toMatchObject({
      truthPath: "/in/truth.csv",
      submissionPath: "/in/submission",
      model: { items: [{ imageId: "a", paths: { image: "/in/images/0/a.png" } }, { imageId: "b", paths: { image: "/in/images/0/b.png" } }] },
    });
  });

  it("should bind the inputs, the bundle and node_modules read-only, and nothing else", () => {
    const plan = planSandboxRun(modelRequest, { bundle: host.bundle, nodeModules: host.nodeModules }, "isolated");
    expect(plan.binds).toEqual([
      { host: host.bundle, sandbox: SANDBOX_PATHS.bundle, writable: false },
      { host: host.nodeModules, sandbox: SANDBOX_PATHS.nodeModules, writable: false },
      { host: host.truth, sandbox: "/in/truth.csv", writable: false },
      { host: host.submission, sandbox: "/in/submission", writable: false },
      { host: host.images, sandbox: "/in/images/0", writable: false },
    ]);
    expect(plan.readable).toEqual(["/sandbox/child.mjs", "/sandbox/node_modules/*", "/in/truth.csv", "/in/submission", "/in/images/0/*"]);
    expect(plan.writable).toEqual([]);
  });

  it("should not bind node_modules for a prediction file", () => {
    const { model: _model, ...csv } = modelRequest;
    const plan = planSandboxRun(csv, { bundle: host.bundle, nodeModules: host.nodeModules }, "isolated");
    expect(plan.binds.map((b) => b.sandbox)).toEqual(["/sandbox/child.mjs", "/in/truth.csv", "/in/submission"]);
    expect(plan.runsModel).toBe(false);
  });

  it("should give an inspect run one writable output file and nothing else writable", () => {
    const plan = planSandboxRun(
      { mode: "inspect", modelPath: "/work/main/var/blobs/submissions/abc/model-upload", contract: {}, maxBytes: 1000 },
      { bundle: host.bundle, nodeModules: host.nodeModules, outDir: "/tmp/scopebench-sandbox-x/out" },
      "isolated",
    );
    expect(plan.request).toMatchObject({ modelPath: "/in/model.onnx", outPath: "/out/model.onnx" });
    expect(plan.binds.filter((b) => b.writable)).toEqual([{ host: "/tmp/scopebench-sandbox-x/out", sandbox: "/out", writable: true }]);
    expect(plan.writable).toEqual(["/out/model.onnx"]);
  });
});

describe("buildSandboxCommand (isolated)", () => {
  const plan = planSandboxRun(modelRequest, { bundle: host.bundle, nodeModules: host.nodeModules }, "isolated");
  const { command, args } = buildSandboxCommand(plan, { timeoutMs: 1000, memoryMb: 512 }, "isolated");

  it("should run bwrap with every namespace unshared, no capabilities and an empty environment", () => {
    expect(command).toBe("bwrap");
    for (const flag of ["--unshare-all", "--die-with-parent", "--new-session", "--clearenv"]) expect(args).toContain(flag);
    expect(args.slice(args.indexOf("--cap-drop"), args.indexOf("--cap-drop") + 2)).toEqual(["--cap-drop", "ALL"]);
    expect(args).not.toContain("--share-net");
    const setenv = pairs(args, "--setenv").map(([name]) => name);
    expect(setenv.sort()).toEqual(["HOME", "NODE_ENV", "PATH", "TMPDIR"]);
  });

  it("should never bind the root, /work, /root, /etc or /var as a whole, and nothing writable", () => {
    expect(args).not.toContain("--bind");
    const sources = [...pairs(args, "--ro-bind"), ...pairs(args, "--ro-bind-try")];
    for (const [source, target] of sources) {
      expect(["/", "/work", "/root", "/etc", "/var", "/home", "/tmp"]).not.toContain(source);
      expect(target.startsWith("/work")).toBe(false);
    }
    // Only the run's own inputs come from the project.
    expect(sources.filter(([source]) => source.startsWith("/work")).map(([, target]) => target)).toEqual([
      "/sandbox/child.mjs",
      "/sandbox/node_modules",
      "/in/truth.csv",
      "/in/submission",
      "/in/images/0",
    ]);
  });

  it("should work in an empty tmpfs and keep prlimit, the heap limit and the permission model inside", () => {
    expect(pairs(args, "--tmpfs").map(([target]) => target)).toEqual(["/tmp"]);
    expect(args[args.indexOf("--chdir") + 1]).toBe("/tmp");
    const inner = args.slice(args.indexOf("--") + 1);
    expect(inner[0]).toBe("prlimit");
    expect(inner).toContain("--max-old-space-size=512");
    expect(inner.some((a) => a === "--permission" || a === "--experimental-permission")).toBe(true);
    expect(inner.at(-1)).toBe("/sandbox/child.mjs");
    expect(inner.join(" ")).not.toContain("/work");
  });
});

describe("the development mode without isolation (SCOPEBENCH_UNSAFE_NO_SANDBOX)", () => {
  it("should keep server paths but still limit reads to the inputs and run under prlimit without bwrap", () => {
    const plan = planSandboxRun(modelRequest, { bundle: host.bundle, nodeModules: host.nodeModules }, "unsafe");
    expect(plan.binds).toEqual([]);
    expect(plan.request).toMatchObject({ truthPath: host.truth, submissionPath: host.submission });
    expect(plan.readable).toEqual([host.bundle, `${host.nodeModules}/*`, host.truth, host.submission, `${host.images}/*`]);
    const { command, args } = buildSandboxCommand(plan, { timeoutMs: 1000, memoryMb: 512 }, "unsafe");
    expect(command).not.toBe("bwrap");
    expect(args).toContain(`--allow-fs-read=${host.truth}`);
  });
});
