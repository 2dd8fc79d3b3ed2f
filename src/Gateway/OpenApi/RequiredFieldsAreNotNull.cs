using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Shop.Gateway.OpenApi;

/// <summary>
/// Request fields are nullable in C# so that a missing one is answered as a validation error naming
/// it; on the wire a [Required] field must be present and not null, and the schema says so.
/// </summary>
internal sealed class RequiredFieldsAreNotNull : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var required = context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) ?? false;
        if (required && schema.Type is { } type)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }
}
