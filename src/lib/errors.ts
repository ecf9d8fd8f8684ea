/**
 * One error family. The error middleware maps each to a status and a Russian
 * page; validation errors are re-rendered beside their fields by the handler.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The object does not exist or lies outside the user's scope (both answer 404). */
export class NotFound extends AppError {
  constructor(message = "Страница не найдена") {
    super(message, 404);
  }
}

/** No signed-in user where one is needed. */
export class Unauthorized extends AppError {
  constructor(message = "Войдите в систему") {
    super(message, 401);
  }
}

export class Forbidden extends AppError {
  constructor(message = "Недостаточно прав для этого действия") {
    super(message, 403);
  }
}

/** Field errors: { field: message }; the form is shown again with the typed values. */
export class ValidationError extends AppError {
  constructor(
    readonly fields: Record<string, string>,
    message = "Проверьте выделенные поля",
  ) {
    super(message, 422);
  }
}

export class Conflict extends AppError {
  constructor(message: string) {
    super(message, 409);
  }
}

/** A record that may no longer be changed: a closed year, a locked lesson. */
export class Locked extends AppError {
  constructor(message: string) {
    super(message, 423);
  }
}
