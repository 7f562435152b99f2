import { describe, expect, it } from "vitest";
import { parseBlobUrl } from "../env";

const none = {
  BLOB_URL: undefined,
  AWS_REGION: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  S3_ENDPOINT: undefined,
  S3_FORCE_PATH_STYLE: "" as const,
};

describe("parseBlobUrl", () => {
  it("should keep the local folder when BLOB_URL is unset, and accept a file URL", () => {
    expect(parseBlobUrl(none, "/srv/blobs")).toEqual({ ok: true, value: { kind: "fs", dir: "/srv/blobs" } });
    expect(parseBlobUrl({ ...none, BLOB_URL: "file:///data/scope%20bench" }, "/srv/blobs")).toEqual({ ok: true, value: { kind: "fs", dir: "/data/scope bench" } });
  });

  it("should read bucket, prefix, region and credentials for AWS", () => {
    const parsed = parseBlobUrl({ ...none, BLOB_URL: "s3://my-bucket/site/prod/", AWS_REGION: "eu-central-1", AWS_ACCESS_KEY_ID: "AK", AWS_SECRET_ACCESS_KEY: "SK" }, "/x");
    expect(parsed).toEqual({
      ok: true,
      value: { kind: "s3", bucket: "my-bucket", prefix: "site/prod", region: "eu-central-1", endpoint: undefined, forcePathStyle: false, credentials: { accessKeyId: "AK", secretAccessKey: "SK" } },
    });
  });

  it("should default to path-style addressing and a placeholder region with a custom endpoint (MinIO, Ceph, R2)", () => {
    const parsed = parseBlobUrl({ ...none, BLOB_URL: "s3://blobs", S3_ENDPOINT: "http://minio:9000" }, "/x");
    expect(parsed).toMatchObject({ ok: true, value: { bucket: "blobs", prefix: "", region: "us-east-1", endpoint: "http://minio:9000", forcePathStyle: true, credentials: undefined } });
    expect(parseBlobUrl({ ...none, BLOB_URL: "s3://blobs", S3_ENDPOINT: "https://acct.r2.cloudflarestorage.com", S3_FORCE_PATH_STYLE: "false" }, "/x")).toMatchObject({ value: { forcePathStyle: false } });
  });

  it.each([
    ["not a url", /is not a URL/],
    ["https://bucket/x", /unsupported scheme https:/],
    ["s3:///prefix-only", /names no bucket/],
    ["s3://Bad_Bucket", /not a valid bucket name/],
    ["s3://bucket/../up", /prefix segment|not a valid/],
    ["s3://bucket/a/.hidden", /prefix segment ".hidden"/],
    ["s3://key:secret@bucket", /credentials, queries and fragments/],
    ["s3://bucket:9000", /port belongs in S3_ENDPOINT/],
    ["file://host/dir", /file:\/\/\/absolute\/folder/],
  ])("should refuse BLOB_URL=%s with a message naming the problem", (url, message) => {
    const parsed = parseBlobUrl({ ...none, BLOB_URL: url, AWS_REGION: "eu-west-1" }, "/x");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it("should refuse an S3 endpoint without an s3:// BLOB_URL (blobs would silently stay local)", () => {
    expect(parseBlobUrl({ ...none, S3_ENDPOINT: "http://minio:9000" }, "/x")).toMatchObject({ ok: false, error: expect.stringMatching(/S3_ENDPOINT is set but BLOB_URL is unset/) });
  });

  it("should ask for a region on AWS and for both keys or neither", () => {
    expect(parseBlobUrl({ ...none, BLOB_URL: "s3://bucket" }, "/x")).toEqual({ ok: false, error: "BLOB_URL=s3://bucket needs AWS_REGION (or S3_ENDPOINT for MinIO, Ceph, R2)" });
    expect(parseBlobUrl({ ...none, BLOB_URL: "s3://bucket", AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AK" }, "/x")).toMatchObject({ ok: false, error: expect.stringMatching(/go together/) });
  });
});
