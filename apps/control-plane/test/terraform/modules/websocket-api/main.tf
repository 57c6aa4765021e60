# A WebSocket API module as a team writes one (a chat service): a Lambda proxy integration for $connect,
# $disconnect and $default, a MOCK integration with a request template and an integration response behind a
# two-way `ping` route, a Lambda REQUEST authorizer on $connect, and a named stage deployed by a deployment. The
# suite applies it, plans it (no drift), and destroys it.
# The AWS provider and the endpoint/access_key/secret_key variables come from the test harness
# (libs/testing/terraform writes portico-provider.tf beside a module without a provider block).
variable "name" { type = string }

locals {
  chat_arn = "arn:aws:lambda:us-east-1:000000000000:function:chat"
}

resource "aws_apigatewayv2_api" "this" {
  name                       = var.name
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
  description                = "Managed by Terraform"
  tags                       = { team = "chat" }
}

resource "aws_apigatewayv2_integration" "chat" {
  api_id             = aws_apigatewayv2_api.this.id
  integration_type   = "AWS_PROXY"
  integration_method = "POST"
  integration_uri    = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${local.chat_arn}/invocations"
}

resource "aws_apigatewayv2_integration" "ping" {
  api_id                        = aws_apigatewayv2_api.this.id
  integration_type              = "MOCK"
  template_selection_expression = "\\$default"
  request_templates = {
    "$default" = "{\"statusCode\": 200}"
  }
}

resource "aws_apigatewayv2_integration_response" "ping" {
  api_id                   = aws_apigatewayv2_api.this.id
  integration_id           = aws_apigatewayv2_integration.ping.id
  integration_response_key = "$default"
  response_templates = {
    "$default" = "{\"action\": \"pong\"}"
  }
}

resource "aws_apigatewayv2_authorizer" "tokens" {
  api_id           = aws_apigatewayv2_api.this.id
  name             = "tokens"
  authorizer_type  = "REQUEST"
  authorizer_uri   = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorize/invocations"
  identity_sources = ["route.request.querystring.token"]
}

resource "aws_apigatewayv2_route" "connect" {
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = "$connect"
  authorization_type = "CUSTOM"
  authorizer_id      = aws_apigatewayv2_authorizer.tokens.id
  operation_name     = "Connect"
  target             = "integrations/${aws_apigatewayv2_integration.chat.id}"
}

resource "aws_apigatewayv2_route" "disconnect" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "$disconnect"
  target    = "integrations/${aws_apigatewayv2_integration.chat.id}"
}

resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.chat.id}"
}

resource "aws_apigatewayv2_route" "ping" {
  api_id                              = aws_apigatewayv2_api.this.id
  route_key                           = "ping"
  route_response_selection_expression = "$default"
  target                              = "integrations/${aws_apigatewayv2_integration.ping.id}"
}

resource "aws_apigatewayv2_route_response" "ping" {
  api_id             = aws_apigatewayv2_api.this.id
  route_id           = aws_apigatewayv2_route.ping.id
  route_response_key = "$default"
}

resource "aws_apigatewayv2_deployment" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  description = "chat"
  triggers = {
    redeployment = sha1(jsonencode([
      aws_apigatewayv2_route.connect.id,
      aws_apigatewayv2_route.disconnect.id,
      aws_apigatewayv2_route.default.id,
      aws_apigatewayv2_route.ping.id,
      aws_apigatewayv2_route_response.ping.id,
      aws_apigatewayv2_integration.ping.request_templates,
      aws_apigatewayv2_integration_response.ping.response_templates,
    ]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id        = aws_apigatewayv2_api.this.id
  name          = "prod"
  deployment_id = aws_apigatewayv2_deployment.this.id
  stage_variables = {
    room = "lobby"
  }
  route_settings {
    route_key              = aws_apigatewayv2_route.ping.route_key
    throttling_burst_limit = 10
    throttling_rate_limit  = 20
    logging_level          = "INFO"
    data_trace_enabled     = true
  }
}

output "api_id" { value = aws_apigatewayv2_api.this.id }
output "api_endpoint" { value = aws_apigatewayv2_api.this.api_endpoint }
output "deployment_id" { value = aws_apigatewayv2_deployment.this.id }
output "invoke_url" { value = aws_apigatewayv2_stage.prod.invoke_url }
