/** How a registry says what went wrong: its error document, or the raw body. */
import { HttpError, type HttpResponse, readBody } from '../../engine/modules/module-api';

/** A registry answered with a status the operation cannot use. */
export class RegistryHttpError extends HttpError {
  constructor(message: string, status?: number) {
    super(message, false, status);
    this.name = 'RegistryHttpError';
  }
}

/** The registry's error text (`{"errors":[{"code","message"}]}`) or the raw body, shortened. */
export async function errorText(response: HttpResponse): Promise<string> {
  const body = (await readBody(response, 64 * 1024).catch(() => Buffer.alloc(0))).toString('utf8');
  try {
    const doc = JSON.parse(body) as { errors?: Array<{ code?: string; message?: string; detail?: unknown }> };
    if (Array.isArray(doc.errors) && doc.errors.length > 0) {
      return doc.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    }
  } catch {
    // not JSON
  }
  return body.trim().slice(0, 300);
}
