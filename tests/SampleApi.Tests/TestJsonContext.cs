using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace SampleApi.Tests;

/// <summary>Source-generated JSON for the problem details the API answers with.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
public sealed partial class TestJsonContext : JsonSerializerContext;
