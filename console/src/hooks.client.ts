import type { HandleClientError } from '@sveltejs/kit';
import { describeError, isApiError } from '$lib/api/errors';

/** Errors thrown while loading or rendering: logged, and shown as words (never a stack trace). */
export const handleError: HandleClientError = ({ error, status }) => {
  if (status !== 404) console.error(error);
  return { message: isApiError(error) ? error.message : describeError(error) };
};
