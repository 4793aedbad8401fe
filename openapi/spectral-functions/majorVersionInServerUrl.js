// /core/uri-version: the base path (server URL) ends in the major version, `/v<major>`, where <major>
// is the major part of `info.version` (e.g. 1.4.2 -> `/api/v1`).
//
// Input: the root document. Only the root `servers` are the versioned base; path-level `servers` (for
// operations outside it, such as `/oauth/token` or `/health/*`) are not checked here.

export default function majorVersionInServerUrl(document) {
  const servers = Array.isArray(document?.servers) ? document.servers : [];
  const major = /^(\d+)\./.exec(String(document?.info?.version ?? ''))?.[1];
  const expected = major === undefined ? /\/v\d+$/ : new RegExp(`/v${major}$`);
  const shown = major === undefined ? '/v<major>' : `/v${major}`;
  const results = [];
  servers.forEach((server, i) => {
    if (typeof server?.url === 'string' && !expected.test(server.url)) {
      results.push({
        message: `Server URL \`${server.url}\` does not end in the major version \`${shown}\`.`,
        path: ['servers', i, 'url'],
      });
    }
  });
  return results;
}
