# A custom domain for an HTTP API as a team writes one: aws_apigatewayv2_domain_name (REGIONAL, TLS 1.2, an ACM
# certificate ARN kept as data, tags) and aws_apigatewayv2_api_mapping with a multi-level key, in front of an HTTP
# API whose $default stage auto-deploys an HTTP_PROXY route. The suite applies it, invokes it by Host, plans it (no
# drift) and destroys it.
# The AWS provider and the endpoint/access_key/secret_key variables come from the test harness
# (libs/testing/terraform writes portico-provider.tf beside a module without a provider block).
variable "backend_url" { type = string }
variable "domain_name" { type = string }

resource "aws_apigatewayv2_api" "shop" {
  name          = "shop"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "backend" {
  api_id                 = aws_apigatewayv2_api.shop.id
  integration_type       = "HTTP_PROXY"
  integration_method     = "ANY"
  integration_uri        = "${var.backend_url}/{proxy}"
  payload_format_version = "1.0"
}

resource "aws_apigatewayv2_route" "items" {
  api_id    = aws_apigatewayv2_api.shop.id
  route_key = "ANY /items/{proxy+}"
  target    = "integrations/${aws_apigatewayv2_integration.backend.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.shop.id
  name        = "$default"
  auto_deploy = true
  depends_on  = [aws_apigatewayv2_route.items]
}

resource "aws_apigatewayv2_domain_name" "api" {
  domain_name = var.domain_name
  domain_name_configuration {
    certificate_arn = "arn:aws:acm:us-east-1:000000000000:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
  tags = { team = "shop" }
}

resource "aws_apigatewayv2_api_mapping" "shop" {
  api_id          = aws_apigatewayv2_api.shop.id
  domain_name     = aws_apigatewayv2_domain_name.api.id
  stage           = aws_apigatewayv2_stage.default.id
  api_mapping_key = "shop/v1"
}

output "api_id" { value = aws_apigatewayv2_api.shop.id }
output "domain_arn" { value = aws_apigatewayv2_domain_name.api.arn }
output "target_domain_name" { value = aws_apigatewayv2_domain_name.api.domain_name_configuration[0].target_domain_name }
output "hosted_zone_id" { value = aws_apigatewayv2_domain_name.api.domain_name_configuration[0].hosted_zone_id }
output "api_mapping_id" { value = aws_apigatewayv2_api_mapping.shop.id }
