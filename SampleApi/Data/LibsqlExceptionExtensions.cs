using Libsql.Client;

namespace SampleApi.Data;

/// <summary>Reads the typed error the libSQL client raises.</summary>
internal static class LibsqlExceptionExtensions
{
    /// <summary>
    /// True when SQLite refused the statement for a constraint (the schema's UNIQUE rules here). sqld sends only
    /// primary result codes, so a UNIQUE violation arrives as <c>SQLITE_CONSTRAINT</c>.
    /// </summary>
    public static bool IsConstraintViolation(this LibsqlException exception) =>
        exception.Kind == LibsqlErrorKind.Sql && exception.Code == "SQLITE_CONSTRAINT";
}
