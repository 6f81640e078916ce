import type { ReactNode } from "react";
import { ActionForm, type FormState } from "./action-form";

type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;

/**
 * A settings panel's "New …" form whose action answers with a one-time secret (keys,
 * notification destinations): the form shows it in a `OneTimeSecret` under its fields.
 */
export function OneTimeSecretForm({
  heading,
  action,
  submit,
  children,
}: {
  heading: string;
  action: FormAction;
  submit: string;
  children: ReactNode;
}) {
  return (
    <div style={{ marginTop: 14 }}>
      <h3>{heading}</h3>
      <ActionForm action={action} submit={submit} inline>
        {children}
      </ActionForm>
    </div>
  );
}

/**
 * A table row's removing action (revoke a key, remove a destination), confirmed first; the cell
 * lets the form's outcome message overflow instead of being cut at the column's width.
 */
export function RemoveCell({
  action,
  submit,
  confirm,
  children,
}: {
  action: FormAction;
  submit: string;
  confirm: string;
  /** The row's other actions, before the removing one. */
  children?: ReactNode;
}) {
  return (
    <td style={{ overflow: "visible", maxWidth: "none" }}>
      <div className="row nowrap">
        {children}
        <ActionForm action={action} submit={submit} danger inline confirm={confirm} />
      </div>
    </td>
  );
}
