import { LoginPage } from "@/components/account/LoginPage";

export default function Login() {
  return <LoginPage />;
}
