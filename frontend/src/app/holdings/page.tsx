import { HoldingsPage } from "@/components/holdings/HoldingsPage";

export default function Holdings() {
  return <HoldingsPage />;
}
