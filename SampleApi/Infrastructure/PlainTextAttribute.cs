using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace SampleApi.Infrastructure;

/// <summary>
/// Refuses text a person could not see or type: control characters (NUL and the like, which survive JSON as
/// <c>\u0000</c> escapes and then hide in the database), and in single-line text (names, titles) also line breaks and
/// the bidirectional override and isolate characters that make a name display as something else. Right-to-left
/// scripts, emoji and combining marks are ordinary text and pass.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    /// <summary>Whether tabs and line breaks are allowed (a note's body), or not (a name or title).</summary>
    public bool Multiline { get; init; }

    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is not string text)
        {
            return ValidationResult.Success;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var refused = char.IsControl(c)
                ? !(Multiline && c is '\t' or '\n' or '\r')
                : !Multiline && IsBidiControl(c);
            if (refused)
            {
                var field = validationContext.DisplayName;
                return new ValidationResult(
                    string.Create(CultureInfo.InvariantCulture, $"The {field} contains the invisible character U+{(int)c:X4} at position {i}; remove it."),
                    validationContext.MemberName is { } member ? [member] : null);
            }
        }

        return ValidationResult.Success;
    }

    // U+202A..U+202E: embeddings and overrides; U+2066..U+2069: isolates (Unicode UAX #9).
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
