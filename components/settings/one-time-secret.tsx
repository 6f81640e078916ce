/**
 * A secret the server answers with once (a key's token, a webhook's signing secret, an invitation
 * link): it is stored only hashed or sealed, so this box is the one place to copy it from.
 * `ActionForm` shows it under a form whose action returned one (`FormState.secret`).
 */
export function OneTimeSecret({ secret }: { secret: string | null | undefined }) {
  if (!secret) return null;
  return (
    <pre className="json" data-testid="one-time-secret">
      {secret}
    </pre>
  );
}
