namespace SampleApi.Tests;

/// <summary>Folder CRUD and keyset paging, against real sqld in a container (skipped without Docker).</summary>
public sealed class FolderEndpointSqldTests(SqldApiFixture api) : FolderEndpointTestsBase(api), IClassFixture<SqldApiFixture>;
