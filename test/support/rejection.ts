import { JuheError } from '../../src/juhe/errorTypes.js';

/** The JuheError a call rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<JuheError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof JuheError) return error;
    throw error;
  }
  throw new Error('expected the call to reject');
}
