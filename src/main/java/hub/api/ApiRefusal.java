package hub.api;

/**
 * Ends an API call with an error response (bad request, unknown channel, ...). Carries no stack trace: it is an
 * answer to the caller, not a fault of the hub.
 */
final class ApiRefusal extends RuntimeException {

  final ApiError error;

  ApiRefusal(ApiError error) {
    super(error.message, null, false, false);
    this.error = error;
  }
}
