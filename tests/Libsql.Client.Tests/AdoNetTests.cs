namespace Libsql.Client.Tests;

/// <summary>The portable ADO.NET suite on the in-process test server.</summary>
public sealed class AdoNetTests(TestServerFixture fixture) : AdoNetTestsBase(fixture), IClassFixture<TestServerFixture>;
