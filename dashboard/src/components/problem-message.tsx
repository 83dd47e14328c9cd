import type { Problem } from "../problem";

/** A problem from the API, in words: title, detail and any field errors. */
export function ProblemMessage({ problem, id }: { problem: Problem; id?: string }) {
  return (
    <div className="problem" role="alert" id={id}>
      <p className="problem-title">
        {problem.title}
        {problem.status > 0 ? ` (${problem.status})` : ""}
      </p>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.errors && problem.errors.length > 0 ? (
        <ul>
          {problem.errors.map((error) => (
            <li key={`${error.path}:${error.message}`}>
              {error.path ? <code>{error.path}</code> : null} {error.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
