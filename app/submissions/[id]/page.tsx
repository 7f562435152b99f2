import { SubmissionView } from "../../_components/submission-view";

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SubmissionView id={id} />;
}
