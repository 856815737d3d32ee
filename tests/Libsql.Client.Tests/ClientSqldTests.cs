namespace Libsql.Client.Tests;

/// <summary>The portable client suite against real sqld in a container (skipped without Docker or the image).</summary>
public sealed class ClientSqldTests(SqldFixture fixture) : ClientTestsBase(fixture), IClassFixture<SqldFixture>;
