// /core/error-handling/invalid-input: 400, not 422, for invalid input.
//
// Input: a path item. A 422 response is allowed only on an operation that declares the
// `Idempotency-Key` request header: the IETF Idempotency-Key draft prescribes 422 for a key reused with
// another body (DESIGN §10). Anywhere else a 422 is a validation error in the wrong status code.

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];

function declaresIdempotencyKey(parameters) {
  return parameters.some((p) => p?.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');
}

export default function status422OnlyForIdempotency(pathItem, _options, context) {
  if (pathItem === null || typeof pathItem !== 'object') return [];
  const pathParameters = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
  const results = [];
  for (const method of METHODS) {
    const operation = pathItem[method];
    if (operation === null || typeof operation !== 'object') continue;
    const parameters = [...pathParameters, ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
    if ('422' in (operation.responses ?? {}) && !declaresIdempotencyKey(parameters)) {
      results.push({
        message: `${method.toUpperCase()} documents 422 but no Idempotency-Key header: invalid input is 400.`,
        // The responses object, not its '422' entry: that may be a $ref shared with other operations.
        path: [...context.path, method, 'responses'],
      });
    }
  }
  return results;
}
