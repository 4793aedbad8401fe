// Cursor pagination (DESIGN §4/§8, RFC 8288): a GET that pages says where the next page is in a
// `Link: <...>; rel="next"` response header.
//
// Input: a path item. A GET pages when it takes one of the query parameters in `options.pagingParameters`
// (e.g. `na`, the cursor, and `limit`, the page size); its 200 response must then document `Link`.

export default function pagingLinkHeader(pathItem, options, context) {
  const operation = pathItem?.get;
  if (operation === null || typeof operation !== 'object') return [];
  const pagingNames = new Set(options?.pagingParameters ?? ['na', 'limit']);
  const parameters = [
    ...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []),
    ...(Array.isArray(operation.parameters) ? operation.parameters : []),
  ];
  const pages = parameters.some((p) => p?.in === 'query' && pagingNames.has(p.name));
  if (!pages) return [];
  const headers = operation.responses?.['200']?.headers ?? {};
  const documentsLink = Object.keys(headers).some((name) => name.toLowerCase() === 'link');
  if (documentsLink) return [];
  return [
    {
      message: 'GET pages (cursor/limit query parameters) but its 200 response documents no `Link` header.',
      path: [...context.path, 'get', 'responses', '200'],
    },
  ];
}
