namespace Libsql.Client.Tests;

/// <summary>The portable ADO.NET suite against real sqld in a container (skipped without Docker or the image).</summary>
public sealed class AdoNetSqldTests(SqldFixture fixture) : AdoNetTestsBase(fixture), IClassFixture<SqldFixture>;
