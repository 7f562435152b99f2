"use client";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { parseTrpcResponse } from "../_trpc/upload-response";

type Outputs = inferRouterOutputs<AppRouter>;
/** The procedures that take an upload frame (server/contracts/upload-frame.ts) as their octet input. */
interface UploadOutputs {
  "submission.create": Outputs["submission"]["create"];
  "dataset.import": Outputs["dataset"]["import"];
}
type UploadPath = keyof UploadOutputs;

export interface UploadProgress {
  /** 0–100 while the bytes go up; 100 once they have all arrived and the server is checking them. */
  percent: number;
  sent: number;
  total: number;
}

/**
 * POSTs the same octet body the tRPC httpLink would send (`/api/trpc/<path>`), through
 * XMLHttpRequest because fetch cannot report upload progress.
 */
function postUpload(path: UploadPath, body: Blob, onProgress: (progress: UploadProgress) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/trpc/${path}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (event) => {
      const total = event.lengthComputable ? event.total : body.size;
      onProgress({ sent: event.loaded, total, percent: total > 0 ? Math.min(100, Math.floor((100 * event.loaded) / total)) : 0 });
    };
    xhr.onload = () => {
      try {
        resolve(parseTrpcResponse(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(TRPCClientError.from<AppRouter>(new Error("The upload was interrupted (the connection failed). Try again.")));
    xhr.onabort = () => reject(TRPCClientError.from<AppRouter>(new Error("The upload was cancelled.")));
    xhr.send(body);
  });
}

/**
 * An upload mutation with progress: the same result and errors as `trpc.<path>.useMutation`,
 * plus how much of the body has been sent.
 */
export function useUpload<P extends UploadPath>(path: P, options: { onSuccess?: (data: UploadOutputs[P]) => unknown } = {}) {
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const mutation = useMutation<UploadOutputs[P], TRPCClientError<AppRouter>, Blob>({
    mutationFn: async (body) => {
      setProgress({ percent: 0, sent: 0, total: body.size });
      return (await postUpload(path, body, setProgress)) as UploadOutputs[P];
    },
    onSuccess: options.onSuccess,
  });
  return { ...mutation, progress };
}

/** The upload's progress bar and percentage, announced to screen readers as it changes. */
export function UploadProgressBar({ progress, label }: { progress: UploadProgress; label: string }) {
  const done = progress.percent >= 100;
  return (
    <div className="upload-progress" data-testid="upload-progress">
      <progress max={100} value={progress.percent} aria-label={label}>
        {progress.percent}%
      </progress>
      <span className="small" role="status" data-testid="upload-percent">
        {done ? "100% sent; the server is checking the file…" : `${progress.percent}%`}
      </span>
    </div>
  );
}
