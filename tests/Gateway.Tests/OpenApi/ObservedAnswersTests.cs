namespace Shop.Gateway.Tests.OpenApi;

/// <summary>The comparison behind the check that every observed answer is documented.</summary>
public sealed class ObservedAnswersTests
{
    private const string Document = """
        { "paths": { "/api/orders/{id}": { "get": { "responses": { "200": {}, "404": {} } } } } }
        """;

    [Fact]
    public void An_answer_the_document_lists_under_its_route_template_is_documented()
    {
        var answers = new ObservedAnswers();
        answers.Record("GET", "/api/orders/{id:guid}", 404);

        Assert.Empty(answers.Undocumented(Document));
    }

    [Fact]
    public void A_status_or_an_operation_the_document_lacks_is_reported()
    {
        var answers = new ObservedAnswers();
        answers.Record("GET", "/api/orders/{id:guid}", 503);
        answers.Record("POST", "/api/orders/", 202);

        var undocumented = answers.Undocumented(Document);

        Assert.Equal(2, undocumented.Count);
        Assert.Contains(undocumented, line => line.Contains("GET /api/orders/{id} answered 503", StringComparison.Ordinal));
        Assert.Contains(undocumented, line => line.Contains("POST /api/orders (answered 202) is not in the document", StringComparison.Ordinal));
    }
}
