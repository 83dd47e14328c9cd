import { type FormEvent, useId, useState } from "react";
import type { TenantSummary } from "../../../events/ops-state";
import { createTenant } from "../api/tenants";
import { type FieldError, type Problem, toProblem } from "../problem";
import { ProblemMessage } from "./problem-message";
import { TextField } from "./text-field";

const FIELDS = ["id", "name"] as const;
type Field = (typeof FIELDS)[number];

/** Which form field a server-side error path names ("id", "/id", "body.id"), if any. */
function fieldOf(error: FieldError): Field | null {
  const last = error.path.split(/[./]/).filter(Boolean).at(-1);
  return FIELDS.find((field) => field === last) ?? null;
}

/**
 * Creates a tenant. The server is the judge of what is valid: its problem's detail and
 * field errors are shown inline, next to the field they name.
 */
export function NewTenantForm({ onCreated }: { onCreated: (tenant: TenantSummary) => void }) {
  const headingId = useId();
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const errors = problem?.errors ?? [];
  const errorsFor = (field: Field) =>
    errors.filter((error) => fieldOf(error) === field).map((error) => error.message);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setProblem(null);
    setCreated(null);
    try {
      const tenant = await createTenant({ id: id.trim(), name: name.trim() });
      setCreated(tenant.id);
      setId("");
      setName("");
      onCreated(tenant);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="new-tenant" aria-labelledby={headingId}>
      <h2 id={headingId}>New tenant</h2>
      {/* noValidate: the server's 422 explains what is wrong, field by field. */}
      <form onSubmit={onSubmit} noValidate>
        <TextField
          name="id"
          label="Id"
          value={id}
          onChange={setId}
          hint="Lowercase letters, digits and dashes, e.g. acme-coffee"
          errors={errorsFor("id")}
        />
        <TextField
          name="name"
          label="Name"
          value={name}
          onChange={setName}
          errors={errorsFor("name")}
        />
        <button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create tenant"}
        </button>
        <p className="form-status" role="status">
          {created ? `Created ${created}.` : ""}
        </p>
        {problem ? (
          <ProblemMessage
            problem={{ ...problem, errors: errors.filter((error) => fieldOf(error) === null) }}
          />
        ) : null}
      </form>
    </section>
  );
}
