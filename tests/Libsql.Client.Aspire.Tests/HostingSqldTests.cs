using Libsql.Client.Tests;

namespace Libsql.Client.Aspire.Tests;

/// <summary>The portable hosting suite against real sqld in a container (skipped without Docker or the image).</summary>
public sealed class HostingSqldTests(SqldFixture fixture) : HostingTestsBase(fixture), IClassFixture<SqldFixture>;
