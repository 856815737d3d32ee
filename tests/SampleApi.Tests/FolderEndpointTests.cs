namespace SampleApi.Tests;

/// <summary>Folder CRUD and keyset paging, against the in-process test server.</summary>
public sealed class FolderEndpointTests(ApiFixture api) : FolderEndpointTestsBase(api), IClassFixture<ApiFixture>;
