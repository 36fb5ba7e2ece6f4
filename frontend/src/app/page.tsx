import { WatchlistHome } from "@/components/watchlist/WatchlistHome";

export default function HomePage() {
  return <WatchlistHome />;
}
