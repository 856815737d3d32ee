namespace SampleApi.Tests;

/// <summary>SampleApi hosted in memory against some sqld-compatible server with a full-access token.</summary>
public interface IApiFixture
{
    /// <summary>A client of the hosted API.</summary>
    HttpClient Client { get; }
}
