import { SubmissionView } from "../../_components/submission-view";

export default function SubmissionPage() {
  return <SubmissionView />;
}
