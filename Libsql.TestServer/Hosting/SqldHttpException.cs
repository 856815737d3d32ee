using System.Globalization;

namespace Libsql.TestServer.Hosting;

/// <summary>An error sqld answers with <c>{"error": "..."}</c> and a status (its <c>Error</c> type's responses).</summary>
internal sealed class SqldHttpException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static SqldHttpException NamespaceNotFound(string ns) =>
        new(StatusCodes.Status404NotFound, string.Create(CultureInfo.InvariantCulture, $"Namespace `{ns}` doesn't exist"));

    public static SqldHttpException NamespaceExists(string ns) =>
        new(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"Namespace `{ns}` already exists"));

    public static SqldHttpException WriteForbidden(string ns) =>
        new(StatusCodes.Status403Forbidden, $"Authorization forbidden: Current session doesn't not have Write permission to namespace {ns}");

    public static SqldHttpException AttachForbidden(string ns) =>
        new(StatusCodes.Status403Forbidden, $"Authorization forbidden: Current session doesn't not have AttachRead permission to namespace {ns}");

    public static SqldHttpException AttachNotAllowed(string ns) =>
        new(StatusCodes.Status403Forbidden, $"Authorization forbidden: Namespace `{ns}` doesn't allow attach");

    public static SqldHttpException InvalidNamespace() => new(StatusCodes.Status400BadRequest, "Invalid namespace");
}
