import { Suspense } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { LoginPage } from "@/components/account/LoginPage";

// `?next=` comes from the query string, which a static export only knows in the browser.
export default function Login() {
  return (
    <Suspense fallback={<DocumentTitle title="" />}>
      <LoginPage />
    </Suspense>
  );
}
