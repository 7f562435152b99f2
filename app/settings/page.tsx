import { SettingsView } from "../_components/settings-view";

export default function SettingsPage() {
  return <SettingsView />;
}
