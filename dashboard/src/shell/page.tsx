import { type ReactNode, useEffect, useId } from "react";

type Props = {
  title: string;
  /** One line under the title: what the page shows and where its data comes from. */
  intro?: ReactNode;
  /** Buttons or links beside the title. */
  actions?: ReactNode;
  children: ReactNode;
};

/** A page of the dashboard: its title (also the document's), an intro and its sections. */
export function Page({ title, intro, actions, children }: Props) {
  const headingId = useId();
  useEffect(() => {
    document.title = `${title} · Switchboard`;
  }, [title]);
  return (
    <section className="page" aria-labelledby={headingId}>
      <header className="page-header">
        <div>
          <h2 id={headingId}>{title}</h2>
          {intro ? <p className="page-intro">{intro}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** A titled part of a page. */
export function Section({
  title,
  actions,
  children,
  className,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const headingId = useId();
  return (
    <section className={`panel ${className ?? ""}`} aria-labelledby={headingId}>
      <header className="panel-header">
        <h3 id={headingId}>{title}</h3>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
