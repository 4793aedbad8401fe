// /core/error-handling/invalid-input: invalid input is answered 400 Bad Request.
//
// Input: a path item. Every operation that takes a request body or a query parameter must document a
// 400 response (the ADR's "how to test"), so clients know where their validation errors come back.

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];

export default function invalidInput400(pathItem, _options, context) {
  if (pathItem === null || typeof pathItem !== 'object') return [];
  const pathParameters = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
  const results = [];
  for (const method of METHODS) {
    const operation = pathItem[method];
    if (operation === null || typeof operation !== 'object') continue;
    const parameters = [...pathParameters, ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
    const takesInput = operation.requestBody !== undefined || parameters.some((p) => p?.in === 'query');
    const responses = operation.responses ?? {};
    if (takesInput && !('400' in responses)) {
      results.push({
        message: `${method.toUpperCase()} takes a body or query parameters but documents no 400 response.`,
        path: [...context.path, method, 'responses'],
      });
    }
  }
  return results;
}
