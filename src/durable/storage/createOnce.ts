/** A create-only write that may be a repeat (a replay, another instance): the name already there is no error. */
import { AlreadyExistsError } from '../../core/errors';
import type { EtagDocuments } from './documentStore';

/** Creates `name`; true when this call created it, false when it was already there. */
export async function createOnce(documents: EtagDocuments, name: string, value: unknown): Promise<boolean> {
  try {
    await documents.createJson(name, value);
    return true;
  } catch (error) {
    if (error instanceof AlreadyExistsError) return false;
    throw error;
  }
}
