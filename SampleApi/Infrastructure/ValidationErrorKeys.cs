using System.Text.Json;

namespace SampleApi.Infrastructure;

/// <summary>
/// Names invalid fields the way the client wrote them. Minimal-API validation keys its errors by C# property
/// ("Name") while the JSON says "name" (dotnet/aspnetcore#61764 is open), so the keys are camel-cased on the way out.
/// </summary>
internal static class ValidationErrorKeys
{
    public static void UseJsonNames(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails validation || validation.Errors.Count == 0)
        {
            return;
        }

        var renamed = validation.Errors.ToDictionary(pair => ToJsonPath(pair.Key), pair => pair.Value);
        validation.Errors.Clear();
        foreach (var (key, messages) in renamed)
        {
            validation.Errors[key] = messages;
        }
    }

    private static string ToJsonPath(string key) =>
        string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
