// Swagger UI over /api/v1/schema/; a file of its own so a Content-Security-Policy needs no inline script.
window.ui = SwaggerUIBundle({
  url: "/api/v1/schema/",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
  deepLinking: true,
});
