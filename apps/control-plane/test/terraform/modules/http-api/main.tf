# An HTTP API module as a team writes one: CORS, an HTTP_PROXY and a Lambda (AWS_PROXY) integration, a JWT and a
# Lambda (REQUEST) authorizer, routes using each, an auto-deploying $default stage and a named stage deployed by a
# deployment, with variables, route settings and access logs. The suite applies it, plans it (no drift), changes
# `greeting`, applies again and destroys it.
# The AWS provider and the endpoint/access_key/secret_key variables come from the test harness
# (libs/testing/terraform writes portico-provider.tf beside a module without a provider block).
variable "backend_url" { type = string }
variable "name" { type = string }
variable "greeting" {
  type    = string
  default = "hello"
}

locals {
  lambda_arn = "arn:aws:lambda:us-east-1:000000000000:function:%s"
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  protocol_type = "HTTP"
  description   = "Managed by Terraform"
  cors_configuration {
    allow_origins  = ["https://app.example.com"]
    allow_methods  = ["GET", "POST"]
    allow_headers  = ["content-type", "authorization"]
    expose_headers = ["x-request-id"]
    max_age        = 300
  }
  tags = { team = "platform", env = "test" }
}

resource "aws_apigatewayv2_integration" "backend" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "HTTP_PROXY"
  integration_method     = "ANY"
  integration_uri        = "${var.backend_url}/{proxy}"
  payload_format_version = "1.0"
  timeout_milliseconds   = 10000
  request_parameters = {
    "append:header.x-greeting" = var.greeting
  }
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = format(local.lambda_arn, "echo")
  payload_format_version = "2.0"
  description            = "echo function"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.this.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  jwt_configuration {
    issuer   = "https://idp.example.com"
    audience = ["pets"]
  }
}

resource "aws_apigatewayv2_authorizer" "lambda" {
  api_id                            = aws_apigatewayv2_api.this.id
  name                              = "lambda"
  authorizer_type                   = "REQUEST"
  authorizer_uri                    = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${format(local.lambda_arn, "authorizer")}/invocations"
  authorizer_payload_format_version = "2.0"
  enable_simple_responses           = true
  identity_sources                  = ["$request.header.x-token"]
  authorizer_result_ttl_in_seconds  = 60
}

resource "aws_apigatewayv2_route" "proxy" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "ANY /pets/{proxy+}"
  target    = "integrations/${aws_apigatewayv2_integration.backend.id}"
}

resource "aws_apigatewayv2_route" "secure" {
  api_id               = aws_apigatewayv2_api.this.id
  route_key            = "GET /secure"
  target               = "integrations/${aws_apigatewayv2_integration.backend.id}"
  authorization_type   = "JWT"
  authorizer_id        = aws_apigatewayv2_authorizer.jwt.id
  authorization_scopes = ["pets.read"]
}

resource "aws_apigatewayv2_route" "echo" {
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = "POST /echo"
  target             = "integrations/${aws_apigatewayv2_integration.lambda.id}"
  authorization_type = "CUSTOM"
  authorizer_id      = aws_apigatewayv2_authorizer.lambda.id
  operation_name     = "echo"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true
  default_route_settings {
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
  depends_on = [aws_apigatewayv2_route.proxy, aws_apigatewayv2_route.secure, aws_apigatewayv2_route.echo]
}

resource "aws_apigatewayv2_deployment" "prod" {
  api_id      = aws_apigatewayv2_api.this.id
  description = "greeting ${var.greeting}"
  triggers = {
    redeployment = sha1(jsonencode([
      aws_apigatewayv2_integration.backend.request_parameters,
      aws_apigatewayv2_route.proxy.id,
      aws_apigatewayv2_route.secure.id,
      aws_apigatewayv2_route.echo.id,
    ]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id        = aws_apigatewayv2_api.this.id
  name          = "prod"
  deployment_id = aws_apigatewayv2_deployment.prod.id
  stage_variables = {
    greeting = var.greeting
  }
  default_route_settings {
    detailed_metrics_enabled = true
    throttling_burst_limit   = 10
    throttling_rate_limit    = 5
  }
  route_settings {
    route_key              = aws_apigatewayv2_route.secure.route_key
    throttling_burst_limit = 2
    throttling_rate_limit  = 1
  }
  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:000000000000:log-group:http-api-access"
    format          = "$context.requestId $context.routeKey $context.status"
  }
  tags = { env = "prod" }
}

output "api_id" { value = aws_apigatewayv2_api.this.id }
output "api_endpoint" { value = aws_apigatewayv2_api.this.api_endpoint }
output "prod_deployment_id" { value = aws_apigatewayv2_deployment.prod.id }
output "prod_invoke_url" { value = aws_apigatewayv2_stage.prod.invoke_url }
