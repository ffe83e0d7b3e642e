/** A Kubernetes `Status` failure, as the API server returns it. */
export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
    retryAfterSeconds?: number;
  };
  code: number;
}

/** An error that the server answers with a `Status` object and its code. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusObject['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }

  static notFound(
    groupResource: string,
    name: string,
    group: string,
    plural: string,
  ): ApiError {
    return new ApiError(
      404,
      'NotFound',
      `${groupResource} "${name}" not found`,
      // Like the real server (`omitempty`): no `group` for the core group.
      { name, ...(group ? { group } : {}), kind: plural },
    );
  }

  static alreadyExists(
    groupResource: string,
    name: string,
    group: string,
    plural: string,
  ): ApiError {
    return new ApiError(
      409,
      'AlreadyExists',
      `${groupResource} "${name}" already exists`,
      // Like the real server (`omitempty`): no `group` for the core group.
      { name, ...(group ? { group } : {}), kind: plural },
    );
  }

  static conflict(
    groupResource: string,
    name: string,
    group: string,
    plural: string,
  ): ApiError {
    return new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${groupResource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, ...(group ? { group } : {}), kind: plural },
    );
  }

  static badRequest(message: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  }

  static invalid(
    kind: string,
    name: string,
    message: string,
    field?: string,
  ): ApiError {
    return new ApiError(
      422,
      'Invalid',
      `${kind} "${name}" is invalid: ${field ? `${field}: ` : ''}${message}`,
      {
        name,
        kind,
        causes: [{ reason: 'FieldValueInvalid', message, field }],
      },
    );
  }

  static expired(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  }
}
