"use client";
import type { ReactNode } from "react";

/** A button that asks `question` (the browser's confirm dialog) and runs `onConfirm` only on OK. */
export function ConfirmButton(props: { question: string; onConfirm: () => void; className: string; disabled: boolean; testId: string; children: ReactNode }) {
  return (
    <button
      type="button"
      className={props.className}
      disabled={props.disabled}
      data-testid={props.testId}
      onClick={() => {
        if (window.confirm(props.question)) props.onConfirm();
      }}
    >
      {props.children}
    </button>
  );
}
