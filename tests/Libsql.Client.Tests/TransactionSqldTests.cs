namespace Libsql.Client.Tests;

/// <summary>The portable transaction suite against real sqld in a container (skipped without Docker or the image).</summary>
public sealed class TransactionSqldTests(SqldFixture fixture) : TransactionTestsBase(fixture), IClassFixture<SqldFixture>;
