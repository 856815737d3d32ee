namespace SampleApi.Tests;

/// <summary>Note CRUD and keyset paging, against real sqld in a container (skipped without Docker).</summary>
public sealed class NoteEndpointSqldTests(SqldApiFixture api) : NoteEndpointTestsBase(api), IClassFixture<SqldApiFixture>;
