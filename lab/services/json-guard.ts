/**
 * What the edge refuses before any service sees it: a JSON body nested absurdly deep, or one that is not JSON
 * at all where the service only takes JSON. AWS answers these with a 400 and the service's own error name,
 * never a 500; so does the lab. Pure.
 *
 * AWS documents no nesting limit for most APIs (DynamoDB's 32 levels of nested attributes is the exception,
 * and dynalite enforces it). The lab refuses JSON deeper than MAX_JSON_DEPTH: 1000 levels, the default
 * nesting limit of Jackson's parser, which many AWS services are built on (the lab's choice, unconfirmed).
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * The error each service answers a body it cannot parse with (JSON protocols: AWS JSON 1.0/1.1, REST-JSON).
 * S3 (XML and raw bytes) and Transcribe streaming (event stream) take bodies that are not JSON.
 */
export const MALFORMED_BODY_ERROR: Readonly<Record<string, string>> = {
  dynamodb: 'SerializationException',
  states: 'SerializationException',
  sqs: 'SerializationException',
  lambda: 'InvalidRequestContentException',
  scheduler: 'ValidationException',
  chime: 'BadRequestException',
  bedrock: 'ValidationException',
};

/** The deepest nesting of arrays and objects in JSON text, counted without parsing; stops past `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return deepest;
}

/** Why a JSON text cannot be taken (too deep, or not JSON), or undefined when it can. */
export function jsonProblem(text: string): string | undefined {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep`;
  }
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `The request body is not valid JSON: ${(error as Error).message}`;
  }
}

/** The refusal for a request whose body a JSON service cannot take; undefined to let it through. */
export function refuseBody(req: {
  service: string;
  headers: Record<string, string>;
  body: Buffer;
}): { status: number; code: string; message: string } | undefined {
  const code = MALFORMED_BODY_ERROR[req.service];
  if (!code || req.body.length === 0) return undefined;
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  const text = req.body.toString('utf8');
  if (text.trim() === '') return undefined;
  const problem = jsonProblem(text);
  return problem ? { status: 400, code, message: problem } : undefined;
}
