import { useCallback } from "react";
import { getApiDocs, OPENAPI_PATH } from "../../api/docs";
import { Loadable } from "../../components/loadable";
import { groupOperations } from "../../lib/api-operations";
import { useResource } from "../../live/use-resource";
import { Page } from "../../shell/page";
import { ApiOperations } from "./api-operations";

/**
 * The HTTP API as its OpenAPI document describes it, grouped by tag. Read once: the
 * document changes only with a deployment, so no pushed version triggers a re-read.
 */
export function ApiDocsPage() {
  const load = useCallback((signal: AbortSignal) => getApiDocs({ signal }), []);
  const doc = useResource(load);
  return (
    <Page
      title="API"
      intro={
        <>
          {doc.data
            ? `${doc.data.info.title} ${doc.data.info.version} (OpenAPI ${doc.data.openapi}). `
            : "The HTTP API's operations. "}
          The whole document, schemas included: <a href={OPENAPI_PATH}>{OPENAPI_PATH}</a>
        </>
      }
    >
      <Loadable
        what="the API's operations"
        {...doc}
        onRetry={doc.reload}
        isEmpty={(d) => Object.keys(d.paths).length === 0}
      >
        {(d) => <ApiOperations groups={groupOperations(d)} />}
      </Loadable>
    </Page>
  );
}
